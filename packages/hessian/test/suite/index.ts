// Every shared suite of @spectra/hessian, run by vitest (Node), Deno and Chromium alike.
import lanczos from './lanczos.suite.js';
import products from './products.suite.js';
import spectra from './spectra.suite.js';
import training from './training.suite.js';

export const hessianSuites = [products, training, lanczos, spectra];
