/** The slice of a FHIR R4 Patient resource this integration reads. */
export interface FhirPatient {
  readonly resourceType: 'Patient';
  readonly id: string;
  readonly meta?: { readonly lastUpdated?: string };
  readonly name?: readonly {
    readonly text?: string;
    readonly given?: readonly string[];
    readonly family?: string;
  }[];
  readonly telecom?: readonly { readonly system?: string; readonly value?: string }[];
  readonly birthDate?: string;
  readonly identifier?: readonly { readonly system?: string; readonly value?: string }[];
}

export interface FhirBundle {
  readonly resourceType: 'Bundle';
  readonly entry?: readonly { readonly resource?: FhirPatient }[];
}

/** The canonical UserCreated.v1 data for a patient, or why the patient cannot be announced. */
export function userCreatedOf(patient: FhirPatient): { data: Record<string, unknown> } | { skipped: string } {
  const name =
    patient.name?.[0]?.text ??
    [...(patient.name?.[0]?.given ?? []), patient.name?.[0]?.family].filter(Boolean).join(' ');
  const email = patient.telecom?.find((t) => t.system === 'email')?.value;
  if (!name) return { skipped: `patient ${patient.id} has no name` };
  if (!email) return { skipped: `patient ${patient.id} has no email address` };
  const mrn = patient.identifier?.find((i) => i.system?.includes('mrn'))?.value;
  return {
    data: {
      userId: `patient-${patient.id}`,
      email,
      name,
      roles: ['patient'],
      createdAt: patient.meta?.lastUpdated ?? new Date().toISOString(),
      ...(patient.birthDate ? { dateOfBirth: patient.birthDate } : {}),
      ...(mrn ? { mrn } : {}),
    },
  };
}

/** The patients of a feed page newer than `since`, oldest first, and the cursor to ask from next. */
export function newPatients(bundle: FhirBundle, since: string): { patients: FhirPatient[]; next: string } {
  const patients = (bundle.entry ?? [])
    .flatMap((e) => (e.resource?.resourceType === 'Patient' ? [e.resource] : []))
    .filter((p) => (p.meta?.lastUpdated ?? '') > since)
    .sort((a, b) => (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? ''));
  return { patients, next: patients.at(-1)?.meta?.lastUpdated ?? since };
}
