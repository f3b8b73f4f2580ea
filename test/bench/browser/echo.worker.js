// Replies to every message on the port it is given, unchanged.
self.onmessage = ({ data }) => {
	const { port } = data;
	port.onmessage = (e) => port.postMessage(e.data);
};
