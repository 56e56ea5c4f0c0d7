pub mod invoices_page;
