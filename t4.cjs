const mqtt = require('/work/wt-hostile/node_modules/mqtt');
const c = mqtt.connect('mqtts://127.0.0.1:47041', {reconnectPeriod: 0, writeCache: false});
c.on('error', e => { console.log('ERR', e.code, e.message); });
c.on('close', () => { console.log('close'); c.end(true); });
