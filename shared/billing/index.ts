export * from './ladder';
export * from './packages';
export * from './allocation';
export * from './quote';
