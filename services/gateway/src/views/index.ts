import { meView } from './me.view.ts';
import { orderView } from './order.view.ts';
import { productView } from './product.view.ts';
import { registerView } from './register.view.ts';
import type { ComposedView } from './view.ts';

/** Every composed view, served at `/api/views<path>`; adding one is a file in this folder and a line here. */
export const VIEWS: readonly ComposedView[] = [meView, productView, registerView, orderView];
