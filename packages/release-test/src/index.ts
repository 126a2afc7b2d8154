// Helpers of the release test: a local verdaccio registry, publishing the workspace to it, a
// consumer project that installs from it, and checks of the files npm packs.
export { type ConsumerProject, createConsumerProject, installPackages, readLockedPackage, runInProject, runNodeScript } from './consumer-project.js';
export { type ExportTarget, findStaleBuildOutputs, findUnwantedFiles, listBinTargets, listExportTargets, listPackedFiles } from './pack-contents.js';
export { type PublishOptions, publishWorkspace } from './publish.js';
export { authTokenKey, createRegistryUser, type LocalRegistry, type PublishedDist, readPublishedDist, startLocalRegistry } from './registry.js';
export { type CommandOptions, type CommandOutput, npmEnvironment, runCommand } from './run-command.js';
export { listPublicPackages, listWorkspacePackages, type PackageManifest, readManifest, type WorkspacePackage } from './workspace.js';
