/**
 * Public keys registered on the seeded RSA apps. Fixed text, because the seeded apps must be
 * identical on every run and Node cannot derive an RSA key from a seed. Only the public halves
 * exist in the project: like a real enterprise, nobody but the app owner holds the private key;
 * tests that exercise the RSA scheme register a key pair of their own.
 */
export const SEEDED_RSA_PUBLIC_KEYS: readonly string[] = [
  `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv+aqYxCQWhKtA3eQXYvQ
X+Ub7iDnYcOj38UhGHBy57dz1QLjGBHlw8NbiJ3F7gOGvGWOb8g3Ml2Xyepng8x+
KzRdwYHeDZy/32y1myPETDdsHEBdjGO/sf9PoGfk8Tweo9PtNdRG59WEZpBYaZxh
VtxXFt2KWsNs2nl0ntb7A486kgKPu1Z7QpWgo93OKyAUz1pQdtWgl9boRJSlj09z
g/dCMagWECsZmFRWtYd8Dg2hG39SorxGAMaQGkk49rDMwO70Ot+4lycKRPJL0AZS
a0fZxysfSIpc1xvduvuIjHT5Ejw5XVgXbq1XBSLPfOJS+kATiv5nxK/hCTP7cdoc
ZQIDAQAB
-----END PUBLIC KEY-----`,
  `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr3RDgrB0fCjKxaLf2EKD
3Dl2skmyXlD7GgATnt34WaPE+tCo0FgS6riC9VB/pnwyTUrNsxn7lQcR6gqxN/hk
Lhc3UzZuFKLfpkHKe3KYPKmEvdwJlQrmc9gOLC7KwHdLLB9AW2z+KV0KCH+qcpp5
IAD74etoQ3ktcQnPu9HeVsSdn/99ZOKqfvCWeQiyQ8C+Kp1RqLKfWy4bOKMCzPAv
8w3S4i2BgPp2XIIFTyB90gdway288PR0jG7nBWDnJtr2XUvYiVGJCneKa28/8ShA
aFBsLJTkAX7v7q3CiXJM3gJ8gHLsYb3457wHXc6tfFn9v0V9TnDM/JPsYOdt9HC3
9wIDAQAB
-----END PUBLIC KEY-----`,
];
