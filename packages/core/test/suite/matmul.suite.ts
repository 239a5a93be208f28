import { defineSuite } from '@spectra/testkit';

// Filled by the matmul work.
export default defineSuite('matmul', () => {});
