// Rules for names the CLI's flags and the editor's settings both take.

/** A numeric ID or a name, as docker and podman take them for the user and the group. */
const USER_PART = '(?:[0-9]+|[A-Za-z_][A-Za-z0-9_.-]*)';
const USER_SPEC = new RegExp(`^${USER_PART}(?::${USER_PART})?$`);

/** `--user` and `sagemakerEntrypoint.run.user`: `UID[:GID]` or `NAME[:GROUP]`. */
export const USER_SPEC_FORM = 'UID[:GID] or NAME[:GROUP]';

export function isUserSpec(value: string): boolean {
  return USER_SPEC.test(value);
}

/**
 * A container environment variable's name (`--env`, `sagemakerEntrypoint.run.environment`): only plain names,
 * since `-e NAME` without a value would hand the caller's own variable to the container.
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
