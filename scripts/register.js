// Runs TypeScript sources directly (tests, benchmarks, dev scripts) through swc, which keeps decorator
// metadata and tsconfig path aliases. Dynamic import() must stay a real import(): node-llama-cpp is an ES
// module with top-level await, which require() cannot load.
process.env.SWC_NODE_IGNORE_DYNAMIC = '1';
require('@swc-node/register');
