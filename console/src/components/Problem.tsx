import { ApiProblem } from '../api';

/** An error from the API (or elsewhere) as an alert; field errors are listed with their pointers. */
export function Problem({ error, showFields = true }: { error: unknown; showFields?: boolean }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const message =
    problem?.status === 403
      ? `Not allowed: ${problem.detail}`
      : (problem?.detail ?? (error instanceof Error ? error.message : String(error)));
  return (
    <div className="problem" role="alert">
      <p>{message}</p>
      {showFields && problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.pointer}:${e.message}`}>
              <code>{e.pointer || '/'}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
