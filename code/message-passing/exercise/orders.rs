//! The exercise's data and the work each stage does, given. Leave this file
//! as it is: the starter, the solution and the tests all use it.
//!
//! An order arrives as a line of text, `id,customer,quantity,unit_cents`,
//! for example `"1042,ada,3,1999"`. The pipeline parses each line into an
//! [`Order`], prices each order into an [`Invoice`], and reports what came
//! out and what each stage saw.

/// One parsed order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The order number.
    pub id: u64,
    /// Who placed it.
    pub customer: String,
    /// How many items.
    pub quantity: u32,
    /// The price of one item, in cents.
    pub unit_cents: u64,
}

/// What the customer pays for one order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Invoice {
    /// The order number.
    pub order_id: u64,
    /// Who pays.
    pub customer: String,
    /// Items, plus shipping for small orders, in cents.
    pub total_cents: u64,
}

/// Orders below this subtotal pay [`SHIPPING_CENTS`].
pub const FREE_SHIPPING_FROM_CENTS: u64 = 5_000;
/// The shipping fee for small orders, in cents.
pub const SHIPPING_CENTS: u64 = 499;

/// Parses one line, `id,customer,quantity,unit_cents`. Returns `None` for a
/// line that does not have exactly four fields, has an empty customer, a
/// number that does not parse, or a quantity of 0.
pub fn parse_order(line: &str) -> Option<Order> {
    let mut fields = line.trim().split(',');
    let id = fields.next()?.trim().parse().ok()?;
    let customer = fields.next()?.trim().to_string();
    let quantity: u32 = fields.next()?.trim().parse().ok()?;
    let unit_cents = fields.next()?.trim().parse().ok()?;
    if fields.next().is_some() || customer.is_empty() || quantity == 0 {
        return None;
    }
    Some(Order {
        id,
        customer,
        quantity,
        unit_cents,
    })
}

/// Prices one order: quantity times unit price, plus shipping below
/// [`FREE_SHIPPING_FROM_CENTS`].
pub fn price(order: Order) -> Invoice {
    let subtotal = u64::from(order.quantity) * order.unit_cents;
    let shipping = if subtotal < FREE_SHIPPING_FROM_CENTS {
        SHIPPING_CENTS
    } else {
        0
    };
    Invoice {
        order_id: order.id,
        customer: order.customer,
        total_cents: subtotal + shipping,
    }
}

/// What one stage thread did, returned by the thread when it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageSummary {
    /// The stage's name: `"read"`, `"parse"` or `"price"`.
    pub name: &'static str,
    /// Messages it took from its input (for `read`: lines it took from the
    /// input vector).
    pub received: usize,
    /// Messages it sent on successfully to the next stage.
    pub sent: usize,
}

/// What a pipeline run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The invoices the caller received, in the order it received them.
    pub invoices: Vec<Invoice>,
    /// One summary per stage thread, in pipeline order (`read`, `parse`,
    /// `price`), taken from the stage threads' `join`.
    pub stages: Vec<StageSummary>,
}
