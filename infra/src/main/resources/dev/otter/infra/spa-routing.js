// CloudFront Function (viewer request): a room link /room/<id> is a client-side route of the single-page
// app, so it is served index.html; every other path (assets, config.json) is served as stored.
function handler(event) {
    var request = event.request;
    if (request.uri.indexOf('/room/') === 0) {
        request.uri = '/index.html';
    }
    return request;
}
