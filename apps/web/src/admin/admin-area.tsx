import { Placeholder } from '../ui/placeholder.tsx';

/** `/admin` and below: the admin screens (this area's routes go here, under its own `<Routes>`). */
export default function AdminArea() {
  return <Placeholder area="admin" />;
}
