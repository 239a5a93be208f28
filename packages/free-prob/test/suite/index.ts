// Every shared suite of @spectra/free-prob, run by vitest (Node), Deno and Chromium alike.
import jacobianReference from './jacobian-reference.suite.js';

export const freeProbSuites = [jacobianReference];
