// Each stage's image files, built the first time a rule or an editor feature asks for them. The rules ask
// only about the target chain, so a file of many independent stages (a matrix of images, or the examples
// one after another) models the few stages that matter, not all of them. What is built is kept: the
// answers are the same whenever they are asked.
import { buildImageFiles, UNKNOWN_FILES } from './files';
import type { ImageFiles, StageImages } from './image-files';
import { stageSources, type DockerfileModel, type Stage } from './model';
import type { BuildContext } from './context';

export function stageImages(
  model: DockerfileModel,
  context: BuildContext | undefined,
  /** Called once for a stage whose files could not be modelled: they are unknown, never absent. */
  failed: (stage: Stage, error: unknown) => void,
): StageImages {
  const built = new Map<Stage, ImageFiles>();
  const images: StageImages = {
    get(stage) {
      const known = built.get(stage);
      if (known) return known;
      // Oldest first, without recursion: a chain of thousands of stages must not overflow the stack.
      for (const needed of unbuiltDependencies(stage)) {
        let files = UNKNOWN_FILES;
        try {
          files = buildImageFiles(needed, model, context, images);
        } catch (error) {
          failed(needed, error);
        }
        built.set(needed, files);
      }
      return built.get(stage) ?? UNKNOWN_FILES;
    },
  };

  /** The stage and every stage its files are built from (FROM and `COPY --from`) that is not built yet, by index. */
  function unbuiltDependencies(stage: Stage): Stage[] {
    const found = new Set<Stage>([stage]);
    const pending = [stage];
    const add = (dependency: Stage | undefined) => {
      if (dependency && !built.has(dependency) && !found.has(dependency)) {
        found.add(dependency);
        pending.push(dependency);
      }
    };
    for (let next = pending.pop(); next; next = pending.pop()) {
      for (const source of stageSources(model, next)) add(source);
    }
    return [...found].sort((a, b) => a.index - b.index);
  }

  return images;
}
