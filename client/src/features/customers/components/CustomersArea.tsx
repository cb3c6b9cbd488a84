import { Navigate, Route, Routes } from 'react-router';
import { CustomerDetailPage } from './CustomerDetailPage';
import { CustomersPage } from './CustomersPage';
import { ProgramDetailPage } from './ProgramDetailPage';
import { ProgramNewPage } from './ProgramNewPage';
import { ProgramsPage } from './ProgramsPage';
import './customers.css';

/** Customers (search, pets, purchases, progress) and the frequent-buyer programs with their members. */
export function CustomersArea() {
  return (
    <Routes>
      <Route index element={<CustomersPage />} />
      <Route path="programs" element={<ProgramsPage />} />
      <Route path="programs/new" element={<ProgramNewPage />} />
      <Route path="programs/:programId" element={<ProgramDetailPage />} />
      <Route path=":customerId" element={<CustomerDetailPage />} />
      <Route path="*" element={<Navigate to="/customers" replace />} />
    </Routes>
  );
}
