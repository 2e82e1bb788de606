export * from './points.ts';
export * from './records.ts';
export * from './schema.ts';
