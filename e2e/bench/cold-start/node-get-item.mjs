// The Node.js baseline of the cold-start bench: a fresh process that builds a DynamoDB client (AWS SDK for
// JavaScript v3) and does the same one consistent GetItem as the Java handler. Reads the same environment.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
const roomId = process.argv[2];
const answer = await client.send(new GetItemCommand({
  TableName: process.env.OTTER_ROOMS_TABLE, Key: { roomId: { S: roomId } }, ConsistentRead: true,
}));
console.log(answer.Item ? `200 ${answer.Item.roomId.S}` : '404');
