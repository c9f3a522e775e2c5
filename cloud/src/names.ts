// What AWS accepts for the names a submission carries: S3 URIs, IAM role ARNs, instance types, ECR
// repositories, tags. Pure functions; each problem is a sentence that names the value.

export interface S3Location {
  bucket: string;
  /** Without a leading slash; '' for the bucket itself. */
  key: string;
}

/** S3's bucket naming rules (general purpose buckets). */
function bucketProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return 'a bucket name has 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket))
    return 'a bucket name has lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit';
  if (bucket.includes('..')) return 'a bucket name has no two dots in a row';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return 'a bucket name is not an IP address';
  return undefined;
}

/** `s3://bucket/key/prefix` → its parts, or why it is not an S3 URI. */
export function parseS3Uri(uri: string): S3Location | { problem: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/s.exec(uri);
  if (!match) return { problem: `'${uri}' is not an S3 URI (s3://bucket/prefix)` };
  const bucketIssue = bucketProblem(match[1]);
  if (bucketIssue) return { problem: `'${uri}': ${bucketIssue}` };
  const key = (match[2] as string | undefined) ?? ''; // the group is optional
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return { problem: `'${uri}' has control characters in its key` };
  if (key.includes('//')) return { problem: `'${uri}' has an empty folder name ('//')` };
  if (Buffer.byteLength(key) > 1024) return { problem: `'${uri}': an S3 key is at most 1024 bytes` };
  return { bucket: match[1], key };
}

export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** `s3://b/p` + `a/b` → `s3://b/p/a/b` (one slash between). */
export function joinS3(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, ''))].filter(Boolean).join('/');
}

const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;

/** The account of an IAM role ARN, or why the text is not one. */
export function parseRoleArn(arn: string): { account: string; partition: string } | { problem: string } {
  const match = ROLE_ARN.exec(arn);
  if (match) return { partition: match[1], account: match[2] };
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(arn))
    return { problem: `'${arn}' is an IAM user, not a role: SageMaker assumes a role (arn:aws:iam::<account>:role/<name>)` };
  if (/^arn:[^:]+:sts::\d{12}:assumed-role\//.test(arn))
    return { problem: `'${arn}' is an assumed-role session; give the role itself (arn:aws:iam::<account>:role/<name>)` };
  if (/^[\w+=,.@-]{1,64}$/.test(arn))
    return { problem: `'${arn}' is a bare name; SageMaker needs the role's ARN (arn:aws:iam::<account>:role/${arn})` };
  return { problem: `'${arn}' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)` };
}

/** `ml.<family>.<size>`, as SageMaker names training instances. */
export function instanceTypeProblem(type: string): string | undefined {
  if (/^ml\.[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+$/.test(type)) return undefined;
  if (/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+$/.test(type)) return `'${type}' is an EC2 name; SageMaker's is 'ml.${type}'`;
  return `'${type}' is not a SageMaker instance type (ml.<family>.<size>, e.g. ml.m5.xlarge)`;
}

/**
 * Instance families with NVIDIA GPUs (P and G families; not Trainium, Inferentia or Gaudi, which do not
 * run CUDA). `ml.p6-b200.48xlarge` and `ml.gr6.4xlarge` count.
 */
export function hasNvidiaGpu(instanceType: string): boolean {
  return /^ml\.(p\d|g\d|gr\d)/.test(instanceType);
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REGISTRY_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/;

export interface Repository {
  /** The registry's host, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
  registry: string;
  registryId: string;
  name: string;
}

/** An ECR repository given as a name (in the role's account and the job's region) or as a full URI. */
export function parseRepository(text: string, account: string, region: string): Repository | { problem: string } {
  const full = REGISTRY_URI.exec(text);
  const name = full ? full[3] : text;
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    return { problem: `'${text}' is not an ECR repository name (lower-case letters, digits, '.', '_', '-' and '/' between them)` };
  }
  if (full) return { registry: text.slice(0, text.length - name.length - 1), registryId: full[1], name };
  return { registry: `${account}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`, registryId: account, name };
}

/** A region name such as eu-west-1 or us-gov-west-1. */
export function isRegionName(region: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(region);
}
