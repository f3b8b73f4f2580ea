/**
 * The one door to @peculiar/x509: the metadata polyfill it needs must load first, so every mesh
 * module imports X.509 classes from here, never from the package directly.
 */
// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs Reflect metadata.
import 'reflect-metadata';
export * as x509 from '@peculiar/x509';
export type { X509Certificate, Pkcs10CertificateRequest } from '@peculiar/x509';
