import { defineSuite } from '@spectra/testkit';

// Filled by the roots work.
export default defineSuite('roots', () => {});
