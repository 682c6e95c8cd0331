/**
 * A worker thread of inject's and migrate's rewrite (rewrite/rewrite-parallel.ts): it makes the
 * command's job from the recipe it was started with, and rewrites the pieces it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveRewriteJob } from '../rewrite/rewrite-parallel.js';
import { rewriteJob, type RewriteRecipe } from './rewrite-jobs.js';

if (parentPort !== null) serveRewriteJob(parentPort, () => rewriteJob(workerData as RewriteRecipe));
