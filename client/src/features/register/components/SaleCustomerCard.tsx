import type { CustomerDetail } from '../api/customers';
import { describeProgress } from '../rewards';
import './customer.css';

/** The customer on the sale: name, pets, and each frequent-buyer program's progress (rewards stand out). */
export function SaleCustomerCard({
  customer,
  loading,
  error,
}: {
  customer: CustomerDetail | null;
  loading: boolean;
  error: string | null;
}) {
  if (error !== null) {
    return (
      <p className="alert" role="alert">
        {error}
      </p>
    );
  }
  if (customer === null) {
    return loading ? <p className="register-muted">Loading the customer…</p> : null;
  }
  const earned = customer.loyalty.some((item) => item.rewardsAvailable > 0);
  return (
    <section className="register-sale-customer" aria-label="Customer" data-testid="sale-customer">
      <p>
        <strong>{customer.name}</strong>
        {customer.pets.length > 0 && (
          <span className="register-muted">
            {' '}
            · {customer.pets.map((pet) => `${pet.name} (${pet.species.replace('_', ' ')})`).join(', ')}
          </span>
        )}
      </p>
      {customer.loyalty.length > 0 && (
        <ul>
          {customer.loyalty.map((item) => (
            <li
              key={item.programId}
              className={item.rewardsAvailable > 0 ? 'register-sale-customer-reward' : undefined}
              data-testid="loyalty-progress"
            >
              {item.programName}: {describeProgress(item)}
            </li>
          ))}
        </ul>
      )}
      {earned && <p className="register-muted">Alt+Y puts the free item on the sale.</p>}
    </section>
  );
}
