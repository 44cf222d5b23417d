#!/usr/bin/env node
// The `vivified` command. TypeScript runs through tsx's loader, so there is no build step.
// Lambdas run on Node 22; the SDK's notice about Node 20 on a developer machine is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Handler logs are JSON for CloudWatch; locally only warnings and errors are worth a terminal line.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('./main.ts');
