export { formatMoney } from '../../../../shared/format-money';

export { parseMoneyInput } from '../../lib/money-input';
