import { Placeholder } from '../ui/placeholder.tsx';

/** `/reports` and below: the reports screens (this area's routes go here, under its own `<Routes>`). */
export default function ReportsArea() {
  return <Placeholder area="reports" />;
}
