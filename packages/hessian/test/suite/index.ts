// Every shared suite of @spectra/hessian, run by vitest (Node), Deno and Chromium alike.
import products from './products.suite.js';

export const hessianSuites = [products];
