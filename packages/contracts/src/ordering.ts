/** ordering: event payloads and API shapes (filled in by the ordering service work). */
export {};
