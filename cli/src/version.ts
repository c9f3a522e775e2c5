// Named imports let esbuild inline only these two fields of package.json.
import { version, repository } from '../../package.json';

export const CLI_VERSION: string = version;
export const INFORMATION_URI: string = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
