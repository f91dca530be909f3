/** How an order's status reads, and its badge. */
export const ORDER_STATUS = {
  paid: { label: "Paid", variant: "success" },
  refunded: { label: "Refunded", variant: "warning" },
  pending: { label: "Pending", variant: "info" },
  failed: { label: "Failed", variant: "default" },
} as const;
