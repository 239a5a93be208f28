// The readers' shared suites (formats, extraction, real models, fuzzing). Listed by index.ts.
import type { Suite } from '@spectra/testkit';
import dtypes from './dtypes.suite.js';
import npy from './npy.suite.js';
import safetensors from './safetensors.suite.js';
import tfjs from './tfjs.suite.js';
import pytorch from './pytorch.suite.js';
import onnx from './onnx.suite.js';
import extract from './extract-layers.suite.js';
import realModels from './real-models.suite.js';
import crossFormat from './cross-format.suite.js';
import fuzz from './fuzz.suite.js';
import containers from './containers.suite.js';

export const readerSuites: Suite[] = [dtypes, npy, safetensors, tfjs, pytorch, onnx, extract, realModels, crossFormat, containers, fuzz];
