// Every shared suite of @spectra/core, run by vitest (Node), Deno and Chromium alike.
import backend from './backend.suite.js';
import matrix from './matrix.suite.js';
import random from './random.suite.js';
import statistics from './statistics.suite.js';
import memory from './memory.suite.js';
import matmul from './matmul.suite.js';
import eigen from './eigen.suite.js';
import eigen2stage from './eigen-2stage.suite.js';
import svd from './svd.suite.js';
import roots from './roots.suite.js';

export const coreSuites = [backend, matrix, random, statistics, memory, matmul, eigen, eigen2stage, svd, roots];
