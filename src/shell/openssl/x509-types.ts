/** The @peculiar/x509 shapes the openssl command passes around (types only). */
export type JsonName = Record<string, string[]>[];
