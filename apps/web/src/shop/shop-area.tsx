import { Placeholder } from '../ui/placeholder.tsx';

/** `/` (the shop): the shop screens (this area's routes go here, under its own `<Routes>`). */
export default function ShopArea() {
  return <Placeholder area="shop" />;
}
