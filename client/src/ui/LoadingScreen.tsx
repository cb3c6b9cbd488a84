export function LoadingScreen({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="status-screen" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}
