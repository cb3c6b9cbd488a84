import { Navigate, Route, Routes } from 'react-router';
import { ReportsPage } from './ReportsPage';

/** /reports: one screen; the report, stores and dates live in its query string so it can be bookmarked. */
export function ReportsArea() {
  return (
    <Routes>
      <Route index element={<ReportsPage />} />
      <Route path="*" element={<Navigate to="/reports" replace />} />
    </Routes>
  );
}
