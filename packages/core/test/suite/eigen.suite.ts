import { defineSuite } from '@spectra/testkit';

// Filled by the eigen work.
export default defineSuite('eigen', () => {});
