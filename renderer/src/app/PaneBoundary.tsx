import { Component, type ReactNode } from 'react';

/** One failing pane must not take the war room down with it. */
export class PaneBoundary extends Component<{ title: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="form-error" role="alert">
          The {this.props.title} pane failed: {this.state.error.message}{' '}
          <button type="button" className="small" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
