// The parts of the AWS SDK the runner uses, in a module of their own: the bundles keep it in dist/aws-sdk.js
// and load it only when a run reads the AWS configuration, so checking a Dockerfile never pays for it.
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
export { loadSharedConfigFiles } from '@smithy/core/config';
