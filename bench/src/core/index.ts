// Core kernel benchmarks, one module per kernel family.
import * as gemm from './gemm.js';
import * as eigen from './eigen.js';
import * as svd from './svd.js';
import * as roots from './roots.js';

export async function run(): Promise<void> {
  for (const family of [gemm, eigen, svd, roots]) await family.run();
}
