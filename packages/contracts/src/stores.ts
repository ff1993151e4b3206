/** stores: event payloads and API shapes (filled in by the stores service work). */
export {};
