import './incidents.css';

export function EmptyState({ onLoadDemo, onDeclare, loading }: { onLoadDemo: () => void; onDeclare: () => void; loading?: boolean }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title">No incidents yet</h1>
      <p>Declare one when a second team is needed, impact is customer-visible, or a problem is unsolved after an hour. Or look around a live war room first: the demo is an exercise and pages no one.</p>
      <div className="empty-actions">
        <button type="button" className="primary big" onClick={onLoadDemo} disabled={loading}>
          {loading ? 'Loading…' : 'Load the demo incident'}
        </button>
        <button type="button" className="primary danger big" onClick={onDeclare}>
          Declare incident
        </button>
      </div>
      <p className="muted">
        Tip: press <kbd>Ctrl</kbd>+<kbd>K</kbd> (<kbd>⌘</kbd><kbd>K</kbd> on a Mac) for every command.
      </p>
    </section>
  );
}
