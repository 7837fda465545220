// The smallest client of Otter's real endpoints, for the runner's own browser test until the web app lands:
// GET /room/{id} and /credentials, the /ws signaling socket (join, signal), and one RTCPeerConnection per peer
// with W3C perfect negotiation. The polite peer of a pair is the one with the smaller peerId (docs/signaling.md).

const status = document.getElementById('status');
const show = (text) => {
  status.textContent = text;
};

async function getJson(url, token) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

async function main() {
  const config = await (await fetch('/config.json')).json();
  const roomId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const room = await getJson(`${config.apiUrl}/room/${encodeURIComponent(roomId)}`, token);
  const { iceServers } = await getJson(`${config.apiUrl}/credentials`, token);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  document.getElementById('local').srcObject = stream;

  const socket = new WebSocket(`${config.wsUrl}?token=${encodeURIComponent(token)}`);
  const peers = new Map();
  let myId = null;
  const send = (message) => socket.send(JSON.stringify(message));
  const signal = (to, data) => send({ action: 'signal', to, data });

  function peer(peerId) {
    if (peers.has(peerId)) return peers.get(peerId);
    const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: room.relayOnly ? 'relay' : 'all' });
    const state = { pc, polite: myId < peerId, makingOffer: false, ignoreOffer: false, answerPending: false };
    peers.set(peerId, state);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.onnegotiationneeded = async () => {
      try {
        state.makingOffer = true;
        await pc.setLocalDescription();
        signal(peerId, { description: pc.localDescription.toJSON() });
      } finally {
        state.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) signal(peerId, { candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ streams }) => {
      const id = `remote-${peerId}`;
      let video = document.getElementById(id);
      if (!video) {
        video = Object.assign(document.createElement('video'), { id, autoplay: true, playsInline: true });
        document.getElementById('remotes').append(video);
      }
      video.srcObject = streams[0];
    };
    pc.onconnectionstatechange = () => show(`${peerId}: ${pc.connectionState}`);
    return state;
  }

  async function onSignal(from, { description, candidate }) {
    const state = peer(from);
    const { pc } = state;
    if (description) {
      const readyForOffer = !state.makingOffer && (pc.signalingState === 'stable' || state.answerPending);
      const collision = description.type === 'offer' && !readyForOffer;
      state.ignoreOffer = !state.polite && collision;
      if (state.ignoreOffer) return;
      state.answerPending = description.type === 'answer';
      await pc.setRemoteDescription(description);
      state.answerPending = false;
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        signal(from, { description: pc.localDescription.toJSON() });
      }
    } else if (candidate) {
      try {
        await pc.addIceCandidate(candidate);
      } catch (error) {
        if (!state.ignoreOffer) throw error;
      }
    }
  }

  socket.onopen = () => send({ action: 'join', name: 'e2e' });
  socket.onclose = (event) => show(`signaling closed ${event.code}`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    switch (message.type) {
      case 'joined':
        myId = message.peerId;
        show(`joined as ${myId}`);
        for (const other of message.peers) peer(other.peerId);
        break;
      case 'peer-joined':
        peer(message.peer.peerId);
        break;
      case 'signal':
        onSignal(message.from, message.data).catch((error) => show(`negotiation failed: ${error}`));
        break;
      case 'peer-left':
        peers.get(message.peerId)?.pc.close();
        peers.delete(message.peerId);
        break;
      case 'error':
        show(`server error ${message.code}: ${message.message}`);
        break;
      default:
        break;
    }
  };
}

main().catch((error) => show(`failed: ${error.message}`));
