/** The account moto reports for every call. */
export const MOTO_ACCOUNT = '123456789012';
