export * from './field-path.js';
export * from './load.js';
export * from './locate.js';
export * from './objects.js';
export * from './parse.js';
export * from './pod-templates.js';
export * from './source.js';
