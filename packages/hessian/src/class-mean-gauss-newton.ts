import { SpectraError, symmetricEigendecomposition } from '@spectra/core';
import { checkBatch, subsetBatch, type Batch } from './batch.js';
import { CurvatureEngine } from './engine.js';
import { gemm, checkEngineBackend, type EngineBackend } from './matmul-kernel.js';
import { checkModel, checkTheta, type Model } from './model.js';

/** Options of `classMeanGaussNewton`: the backend, the samples per chunk and the rank tolerance. */
export interface ClassMeanOptions {
  backend?: EngineBackend;
  chunkSize?: number;
  /** Eigenvalues above rankTolerance·λ_max count toward the rank (default 1e-10). */
  rankTolerance?: number;
  /** Orthonormal vectors (k × P rows), e.g. top Ritz vectors of H: their overlap with span(G_class) is reported. */
  vectors?: Float64Array;
  /** tr G (exact, or a Hutch++ estimate) for the ratio tr G_class / tr G. */
  traceGaussNewton?: number;
}

/** The class-mean part of the Gauss–Newton matrix (Papyan 2019): its eigenvalues, numerical rank and the rank bound C(C−1) or C². */
export interface ClassMeanGaussNewton {
  /** Numerical rank of G_class (CE: ≤ C(C−1); MSE: ≤ C²). */
  rank: number;
  /** The bound C(C−1) (cross-entropy) or C² (MSE). */
  rankBound: number;
  /** Eigenvalues of G_class, descending (C² of them, from the C²×C² matrix MᵀM). */
  eigenvalues: Float64Array;
  /** tr G_class = ‖M‖²_F. */
  trace: number;
  /** tr G_class / tr G, when `traceGaussNewton` was given. */
  traceRatio?: number;
  /** ‖Qᵀ U_k‖²_F / k for the given vectors U_k, Q an orthonormal basis of span(M). */
  overlap?: number;
  /** Orthonormal basis of span(G_class): rank × P rows. */
  basis: Float64Array;
  /** Samples per class n_c. */
  classCounts: number[];
  options: { rankTolerance: number };
}

/**
 * The class-mean part of the Gauss–Newton matrix (Papyan 2019, 2020; hessian.md §3):
 * G_class = Σ_c (n_c/n)·J̄_cᵀ Ā_c J̄_c with J̄_c the class-mean logit Jacobian (C backprops of a
 * class-averaged unit cotangent) and Ā_c the class-mean logit Hessian. Computed as M·Mᵀ with
 * M = [√(n_c/n)·J̄_cᵀ Ā_c^{1/2}] (P × C²): eigenvalues from the C²×C² matrix MᵀM, span from M.
 * With cross-entropy Ā_c·1 = 0, so at most C − 1 class-mean directions per class: rank ≤ C(C−1),
 * and H shows C − 1 outliers. Cost: C·n sample-backprops.
 *
 * @example
 * ```ts
 * import { classMeanGaussNewton, referenceProblem, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const gc = classMeanGaussNewton(model, theta, batch);
 * gc.rank;            // 20 on the reference (C = 5: C(C−1) = 20)
 * gc.eigenvalues[0];  // ≈ 7.1878
 * ```
 */
export function classMeanGaussNewton(model: Model, theta: Float64Array, batch: Batch, options: ClassMeanOptions = {}): ClassMeanGaussNewton {
  checkModel(model, 'classMeanGaussNewton');
  checkTheta(model, theta, 'classMeanGaussNewton');
  checkBatch(model, batch, 'classMeanGaussNewton');
  const backend = checkEngineBackend(options.backend, 'classMeanGaussNewton');
  const rankTolerance = options.rankTolerance ?? 1e-10;
  const P = model.parameterCount;
  const C = model.outputSize;
  const n = batch.count;
  // Class of each sample: the label (CE) or the target's argmax (MSE).
  const classOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (batch.labels) classOf[i] = batch.labels[i]!;
    else {
      let a = 0;
      for (let c = 1; c < C; c++) if (batch.targets![i * C + c]! > batch.targets![i * C + a]!) a = c;
      classOf[i] = a;
    }
  }
  const members: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < n; i++) members[classOf[i]!]!.push(i);
  const M = new Float64Array(C * C * P);
  const meanJacobian = new Float64Array(C * P);
  for (let c = 0; c < C; c++) {
    const idx = members[c]!;
    const nc = idx.length;
    if (nc === 0) continue;
    const sub = subsetBatch(model, batch, idx);
    const engine = new CurvatureEngine(model, theta, sub, { backend, chunkSize: options.chunkSize });
    // J̄_c: cotangent e_k/n_c on every sample of the class, for k = 0 … C−1.
    const cot = new Float64Array(C * nc * C);
    for (let k = 0; k < C; k++) for (let s = 0; s < nc; s++) cot[(k * nc + s) * C + k] = 1 / nc;
    engine.vectorJacobianProduct(cot, C, meanJacobian);
    // Ā_c: mean of diag(p) − ppᵀ (CE) or I (MSE), and its PSD square root.
    const abar = new Float64Array(C * C);
    if (model.loss === 'crossEntropy') {
      const p = engine.probabilities();
      for (let s = 0; s < nc; s++) {
        for (let a = 0; a < C; a++) {
          const pa = p[s * C + a]!;
          abar[a * C + a]! += pa / nc;
          for (let b = 0; b < C; b++) abar[a * C + b]! -= (pa * p[s * C + b]!) / nc;
        }
      }
    } else {
      for (let a = 0; a < C; a++) abar[a * C + a] = 1;
    }
    const root = symmetricSquareRoot(abar, C);
    // Rows (c, k) of M: √(n_c/n)·Σ_l (Ā_c^{1/2})_{lk}·J̄_c[l, :].
    const scale = Math.sqrt(nc / n);
    for (let k = 0; k < C; k++) {
      const row = M.subarray((c * C + k) * P, (c * C + k + 1) * P);
      for (let l = 0; l < C; l++) {
        const f = scale * root[l * C + k]!;
        if (f === 0) continue;
        const jl = meanJacobian.subarray(l * P, (l + 1) * P);
        for (let p = 0; p < P; p++) row[p]! += f * jl[p]!;
      }
    }
  }
  const K = C * C;
  const gram = new Float64Array(K * K);
  gemm(backend, false, true, K, K, P, 1, M, M, 0, gram);
  // Exact symmetry for the eigensolver (the GEMM's two triangles can differ in the last bit).
  for (let i = 0; i < K; i++) for (let j = 0; j < i; j++) gram[i * K + j] = gram[j * K + i] = 0.5 * (gram[i * K + j]! + gram[j * K + i]!);
  const eig = symmetricEigendecomposition({ rows: K, cols: K, data: gram });
  const values = Float64Array.from(eig.values).reverse();
  const top = Math.max(values[0] ?? 0, 0);
  let rank = 0;
  while (rank < K && values[rank]! > rankTolerance * top) rank++;
  const basis = new Float64Array(rank * P);
  for (let r = 0; r < rank; r++) {
    const col = K - 1 - r;
    const inv = 1 / Math.sqrt(values[r]!);
    const out = basis.subarray(r * P, (r + 1) * P);
    for (let j = 0; j < K; j++) {
      const f = eig.vectors.data[j * eig.vectors.cols + col]! * inv;
      if (f === 0) continue;
      const mj = M.subarray(j * P, (j + 1) * P);
      for (let p = 0; p < P; p++) out[p]! += f * mj[p]!;
    }
  }
  let trace = 0;
  for (const v of values) trace += v;
  const result: ClassMeanGaussNewton = {
    rank,
    rankBound: model.loss === 'crossEntropy' ? C * (C - 1) : C * C,
    eigenvalues: values,
    trace,
    basis,
    classCounts: members.map((m) => m.length),
    options: { rankTolerance },
  };
  if (options.traceGaussNewton !== undefined) {
    if (!(options.traceGaussNewton > 0)) throw new SpectraError('E_ARGUMENT', `classMeanGaussNewton: traceGaussNewton must be positive, got ${options.traceGaussNewton}`);
    result.traceRatio = trace / options.traceGaussNewton;
  }
  if (options.vectors !== undefined) {
    const v = options.vectors;
    if (!(v instanceof Float64Array) || v.length % P !== 0 || v.length === 0) {
      throw new SpectraError('E_SHAPE', `classMeanGaussNewton: vectors must be a Float64Array of k·P values (P = ${P})`);
    }
    const k = v.length / P;
    const proj = new Float64Array(rank * k);
    gemm(backend, false, true, rank, k, P, 1, basis, v, 0, proj);
    let s = 0;
    for (const x of proj) s += x * x;
    result.overlap = s / k;
  }
  return result;
}

/** A^{1/2} of a small symmetric PSD matrix (negative rounding-level eigenvalues clamped to 0). */
function symmetricSquareRoot(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j]! + a[j * n + i]!);
  const { values, vectors } = symmetricEigendecomposition({ rows: n, cols: n, data: a });
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(Math.max(0, values[k]!));
    if (s === 0) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors.data[i * vectors.cols + k]! * s;
      for (let j = 0; j < n; j++) out[i * n + j]! += vi * vectors.data[j * vectors.cols + k]!;
    }
  }
  return out;
}

