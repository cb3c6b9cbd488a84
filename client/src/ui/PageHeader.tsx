import type { ReactNode } from 'react';
import './backoffice.css';

type Props = { title: string; subtitle?: ReactNode; actions?: ReactNode; titleId?: string };

/** A back-office screen's title line, with its actions on the right (they wrap under on narrow screens). */
export function PageHeader({ title, subtitle, actions, titleId }: Props) {
  return (
    <header className="page-header">
      <div>
        <h1 id={titleId}>{title}</h1>
        {subtitle !== undefined && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions !== undefined && <div className="page-actions">{actions}</div>}
    </header>
  );
}
