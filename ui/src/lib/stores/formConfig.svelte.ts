// Back-end configurations fetched once per data version and shared by the dialogs and screens.
import * as api from '../api';
import { VersionedCache } from './versioned.svelte';

/** The visit form, fleet types and editable fields. */
export const formConfigStore = new VersionedCache(api.formConfig);

/** The prospect fields and the « Transformation en client » rules. */
export const conversionConfigStore = new VersionedCache(api.conversionConfig);

/** The reps an admin may pick in « Stats » and « Historique ». */
export const repsStore = new VersionedCache(api.listReps);
