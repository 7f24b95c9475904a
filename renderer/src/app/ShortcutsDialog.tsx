import { formatShortcut } from '../lib/shortcuts';
import { Modal } from '../ui/Modal';
import { actions } from './actions';

const IN_CONTEXT: Array<[string, string]> = [
  ['Timeline', '↑/↓ or J/K move · P pin · E or Enter correct · H history · Home/End'],
  ['Composer', 'Enter add · Shift+Enter new line · Alt+N/D/A kind · Esc back'],
  ['Dialogs', 'Esc close · Tab / Shift+Tab move'],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} wide>
      <table className="shortcut-table">
        <tbody>
          {actions
            .filter((a) => a.shortcut)
            .map((a) => (
              <tr key={a.id}>
                <td>
                  <kbd>{formatShortcut(a.shortcut!)}</kbd>
                </td>
                <td>{a.title}</td>
              </tr>
            ))}
          {IN_CONTEXT.map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
