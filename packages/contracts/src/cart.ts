/** cart: event payloads and API shapes (filled in by the cart service work). */
export {};
