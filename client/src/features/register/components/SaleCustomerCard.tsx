import type { CustomerDetail, LoyaltyProgram } from '../api/customers';
import { describeProgress } from '../rewards';
import './customer.css';

/** The customer on the sale: name, pets, and each frequent-buyer program's progress (rewards stand out). */
export function SaleCustomerCard({
  customer,
  programs,
  loading,
  error,
}: {
  customer: CustomerDetail | null;
  /** The store's programs: one the customer has not bought in yet shows as a fresh start. */
  programs: readonly LoyaltyProgram[];
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
  const fresh = programs
    .filter((program) => !customer.loyalty.some((item) => item.programId === program.id))
    .map((program) => ({
      programId: program.id,
      programName: program.name,
      buyQuantity: program.buyQuantity,
      rewardQuantity: program.rewardQuantity,
      unitsTowardNext: 0,
      rewardsAvailable: 0,
    }));
  const progress = [...customer.loyalty, ...fresh];
  const pets = customer.pets.map((pet) => `${pet.name} (${pet.species.replace('_', ' ')})`).join(', ');
  return (
    <section className="register-sale-customer" aria-label="Customer" data-testid="sale-customer">
      <p className="register-sale-customer-who" title={pets}>
        <strong>{customer.name}</strong>
        {pets !== '' && <span className="register-muted"> · {pets}</span>}
      </p>
      {progress.length > 0 && (
        <ul>
          {progress.map((item) => (
            <li
              key={item.programId}
              title={`${item.programName}: ${describeProgress(item)}`}
              className={item.rewardsAvailable > 0 ? 'register-sale-customer-reward' : undefined}
              data-testid="loyalty-progress"
            >
              <span className="register-sale-customer-progress">
                {describeProgress(item)}
                {item.rewardsAvailable > 0 && ' (Alt+Y)'}
              </span>
              <span className="register-sale-customer-program">{`\u00a0· ${item.programName}`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
