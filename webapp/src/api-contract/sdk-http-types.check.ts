/**
 * The web SDK's HTTP types against docs/openapi.yaml, checked by the compiler: `npm run build` first generates
 * openapi.generated.ts from the document (openapi-typescript), then `tsc --noEmit` fails on any line below that no
 * longer holds. Nothing here runs; every check is a type.
 */
import type { components, operations } from './openapi.generated';
import type { Credentials, RoomDetails } from '../sdk/room-api';
import { SEAT_HEADER } from '../sdk/room-api';

type Json<Operation extends keyof operations, Status extends keyof operations[Operation]['responses']> =
  operations[Operation]['responses'][Status] extends { content: { 'application/json': infer Body } } ? Body : never;

/** Every body the document allows is one the SDK's type accepts (the SDK assumes nothing the server may not send). */
type Accepts<Sdk, Documented> = [Documented] extends [Sdk] ? true : false;
/** The SDK reads no field the document does not define (a renamed or dropped field fails here). */
type ReadsOnlyDocumented<Sdk, Documented> = [Exclude<keyof Sdk, keyof Documented>] extends [never] ? true : false;

export const sdkHttpTypesAgreeWithTheDocument: {
  /** RoomApi.getRoom: `GET /room/{id}` 200. */
  roomDetails: [
    Accepts<RoomDetails, Json<'getRoom', 200>>,
    ReadsOnlyDocumented<RoomDetails, Json<'getRoom', 200>>,
  ];
  /** RoomApi.getCredentials: `GET /credentials` 200, its ICE servers used as RTCIceServer. */
  credentials: [
    Accepts<Credentials, Json<'getCredentials', 200>>,
    ReadsOnlyDocumented<Credentials, Json<'getCredentials', 200>>,
  ];
} = { roomDetails: [true, true], credentials: [true, true] };

/** RoomApi.getCredentials sends its seat proof in the header the document names. */
export const seatHeader: keyof operations['getCredentials']['parameters']['header'] = SEAT_HEADER;

/** errorForStatus tells these codes apart: each must be one the document defines. */
export const codesTheSdkReads: components['schemas']['ErrorCode'][] = ['wrong-room'];
