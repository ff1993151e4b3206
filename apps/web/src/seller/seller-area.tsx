import { Placeholder } from '../ui/placeholder.tsx';

/** `/seller` and below: the seller screens (this area's routes go here, under its own `<Routes>`). */
export default function SellerArea() {
  return <Placeholder area="seller" />;
}
